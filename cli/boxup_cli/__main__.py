from boxup_cli.launch import main

main()
