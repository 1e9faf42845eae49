"""The tokeniser alone: the same tokens at index and query time."""

from gongkai.search.tokens import index_text, parse_query, skeleton, tokens


def test_cjk_runs_become_overlapping_bigrams():
    assert index_text("城市市容管理") == "城市 市市 市容 容管 管理"


def test_lone_cjk_character_stays_a_unigram():
    assert [(t.text, t.lone_cjk) for t in tokens("第12号")] == [("第", True), ("12", False), ("号", True)]


def test_cjk_beside_a_word_also_gives_the_touching_character():
    assert index_text("依据2024年12号文件") == "依据 据 2024 年 12 号 号文 文件"
    # so a 文号 typed alone is a phrase inside running text, without prefix matching
    assert index_text("12号") in index_text("依据2024年12号文件")
    assert index_text("年度报告") in index_text("2024年度报告")


def test_full_width_and_case_are_normalised():
    assert index_text("ＰＺ００１０８－３０００") == index_text("pz00108-3000") == "pz00108 3000"


def test_document_number_brackets_are_separators_alike():
    printed = index_text("闽政办〔2024〕12号")
    assert printed == "闽政 政办 办 2024 12 号"
    for typed in (
        "闽政办[2024]12号",
        "闽政办【2024】12号",
        "闽政办﹝2024﹞12号",
        "闽政办（2024）12号",
        "闽政办2024 12号",
    ):
        assert index_text(typed) == printed


def test_index_number_slashes_and_hyphens():
    assert index_text("003534402/2024-01234") == index_text("003534402-2024-01234") == "003534402 2024 01234"


def test_query_terms_split_on_whitespace_and_trailing_lone_char_is_a_prefix():
    phrases = parse_query("市容  闽政办〔2024〕12号")
    assert [p.words for p in phrases] == [("市容",), ("闽政", "政办", "办", "2024", "12", "号")]
    assert [p.prefix_last for p in phrases] == [False, False]
    assert [p.prefix_last for p in parse_query("市 12号")] == [True, False]
    assert parse_query(" 〔 〕 ") == []


def test_skeleton_maps_back_to_the_original_text():
    skel, where = skeleton("闽政办〔２０２４〕")
    assert skel == "闽政办2024"
    assert where == [0, 1, 2, 4, 5, 6, 7]
