"""Print the public key the national database's receiver verifies batches with (PEM) and its id."""

from django.core.management.base import BaseCommand

from core.nationaldb.adapters import key_id, public_key_pem


class Command(BaseCommand):
    help = "Print the Ed25519 public key that signs the batches handed to the national database."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"key_id: {key_id()}")
        self.stdout.write(public_key_pem())
