import sys

from jkn_geo.cli import main

sys.exit(main())
