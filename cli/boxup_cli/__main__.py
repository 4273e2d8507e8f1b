from boxup_cli.app import main

main()
