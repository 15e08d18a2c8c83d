"""``python -m ingest``: an entry point at the top of the import arrows; the command lives in ``cli.ingest``."""

import sys

from cli.ingest import main

sys.exit(main())
