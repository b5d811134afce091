"""python -m annotator"""

from annotator.entry import main

raise SystemExit(main())
