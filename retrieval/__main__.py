"""``python -m retrieval``: an entry point at the top of the import arrows; the command lives in ``cli.retrieval``."""

import sys

from cli.retrieval import main

sys.exit(main())
