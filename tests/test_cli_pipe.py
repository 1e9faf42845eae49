"""The `gongkai` command behaves as a Unix tool when its reader stops early."""

import subprocess
import sys


def test_closed_pipe_ends_quietly() -> None:
    script = (
        "import sys; from gongkai.cli import main; "
        "sys.exit(main(['deadline', '--received', '2025-03-03', '--json']))"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line is written
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert proc.returncode == 141
