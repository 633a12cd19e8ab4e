"""``python -m bot`` is the same as the ``checkin`` command."""

from bot.cli import main

raise SystemExit(main())
