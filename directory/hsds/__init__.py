"""HSDS 3.0 exchange: validation against the specification's schemas, import, export and the public API."""
