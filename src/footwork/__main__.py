"""python -m footwork: the same as the footwork command."""

from footwork.cli.main import run

if __name__ == "__main__":
    run()
