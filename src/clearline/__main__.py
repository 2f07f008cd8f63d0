"""``python -m clearline`` runs the command line."""

from clearline.adapters.cli import main

main()
