"""`python -m rasp ...`: the command line."""

import sys

from rasp.cli import main

sys.exit(main())
