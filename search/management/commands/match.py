import json

from django.core.management.base import BaseCommand, CommandError

from search.service import InvalidRequest, match


class Command(BaseCommand):
    help = "Run one matching request (JSON, CONTRACT section 2) and print the response (section 4)."

    def add_arguments(self, parser):
        parser.add_argument("request", help='For example: \'{"needs": ["emergency-shelter"], "age": 16}\'')

    def handle(self, *args, request, **options):
        try:
            data = json.loads(request)
        except json.JSONDecodeError as exc:
            raise CommandError(f"request: not valid JSON ({exc.msg} at character {exc.pos}).") from None
        try:
            response = match(data)
        except InvalidRequest as exc:
            raise CommandError(f"Invalid matching request: {exc}") from None
        self.stdout.write(json.dumps(response, indent=2, ensure_ascii=False))
