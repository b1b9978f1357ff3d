"""IATI 2.03 files of the funds that opted in: the activity file per fund and the
organisation file (docs/publication.md)."""
