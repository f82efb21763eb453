from bireader.cli import main

main()
