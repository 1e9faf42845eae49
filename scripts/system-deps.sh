#!/bin/sh
# Debian packages gongkai needs outside Python.
#   run:  CJK fonts, so PDFs and screenshots print Chinese instead of boxes; Pango, which
#         WeasyPrint lays the letters' PDFs out with
#   test: the fonts plus Debian's Chromium, which the browser tests drive through Playwright
set -eu
want="fonts-arphic-gbsn00lp fonts-wqy-zenhei libpango-1.0-0 libpangoft2-1.0-0"
[ "${1:-run}" = test ] && want="$want chromium libreoffice-writer-nogui poppler-utils"

missing=""
for pkg in $want; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "正在安装系统软件包：$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "提示：缺少系统软件包：$missing" >&2
  echo "      请以 root 身份运行：apt-get install$missing" >&2
  echo "      （缺少中文字体时 PDF 中的汉字无法显示；缺少 chromium 时浏览器测试将被跳过。）" >&2
fi
