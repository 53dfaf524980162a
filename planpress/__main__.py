"""`python -m planpress`, the same as the `planpress` command."""

from planpress.cli import main

main()
