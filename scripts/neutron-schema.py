"""Builds Neutron's database schema in an empty SQLite file from Neutron's models.

Neutron's alembic migrations cannot run on SQLite (ALTER of constraints), so we do what
Neutron's own unit tests do: create every table from the model metadata, then the caller
stamps the alembic heads with `neutron-db-manage stamp heads`.

usage: /usr/bin/python3 scripts/neutron-schema.py sqlite:////abs/path/neutron.db
"""
import sys

import sqlalchemy

# Importing these registers every table on BASEV2's metadata.
from neutron.db.migration.models import head  # noqa: F401
from neutron.db.models import ovn  # noqa: F401
from neutron_lib.db import model_base


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    engine = sqlalchemy.create_engine(sys.argv[1])
    model_base.BASEV2.metadata.create_all(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
