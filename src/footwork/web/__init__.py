"""The local web app: ``create_app(settings)`` builds it; ``footwork serve`` runs it."""
