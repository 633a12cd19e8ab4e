"""``python -m analytics``: the same command, with the same arguments, as ``checkin report``."""

import sys

from bot.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["report", *sys.argv[1:]]))
