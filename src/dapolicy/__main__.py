"""`python -m dapolicy`: the same as the `dapolicy` command."""

import sys

from .cli import main

sys.exit(main())
