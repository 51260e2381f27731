from clinicseo.cli import main

main()
