"""Front ends: the command line, batch jobs (local processes or Ray) and the web app.
Each calls pipeline.py for the work; argument parsing and I/O only."""
