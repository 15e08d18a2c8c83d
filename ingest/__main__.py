"""``python -m ingest``: an entry point at the top of the import arrows; the command lives in ``cli.ingest``."""

import sys

from cli.ingest import main

# Guarded: the parsing workers are spawned processes, which import this module again as
# ``__mp_main__`` and must not run the command.
if __name__ == "__main__":
    sys.exit(main())
