"""Load the repository's form manifests into the forms table (``migrate`` does it too).

manage.py forms_load
"""

from django.core.management.base import BaseCommand

from core.documents.forms.services import forms_load


class Command(BaseCommand):
    help = "Load core/documents/forms/*/manifest.json into the table of document forms."

    def handle(self, *args, **options):
        result = forms_load()
        self.stdout.write(self.style.SUCCESS(f"Forms: {result['created']} created, {result['updated']} updated."))
