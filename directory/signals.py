"""Signals the directory sends; other layers (search) listen without the directory knowing them.

`pages_imported` is sent once after a bulk import (HSDS import) has committed, with the primary keys of
the organization pages it wrote or confirmed. A receiver that keeps an index returns a short summary
(`{"backend": name, "documents": n}` or a list of them), which the import reports to its caller.
"""

from django.dispatch import Signal

pages_imported = Signal()
