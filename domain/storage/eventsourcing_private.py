"""What this engine relies on of eventsourcing beyond its public names, in one place.

Everything else goes through public names (the event store's ``put``, the
recorders' ``insert_events``, ``insert_events_statement``,
``lock_table_statements``, ``channel_name``, ``construct_pg_stored_event``,
transcoder registration). What is left is layout, read without eventsourcing
for speed or before eventsourcing opens a file:

- ``TYPE_KEY``/``DATA_KEY``: how ``JSONTranscoder`` stores a value it has a
  transcoding for (``{"_type_": name, "_data_": encoded}``). The index reads
  stored JSON without decoding it (``storage/rows.py``): decoding cost most of
  a rebuild. eventsourcing cannot change this without making its own stored
  events unreadable, but it documents no promise.
- ``LOG_COLUMNS``: the columns of the SQLite events table, read by
  ``storage/foreign.py`` to tell a store of version 0.1 from another program's
  database before anything is opened, and by the chain's and index's queries.

tests/unit/test_eventsourcing_private.py checks each against the installed
eventsourcing; CI installs the newest release the pin in pyproject.toml allows.
"""

from __future__ import annotations

TYPE_KEY = "_type_"
DATA_KEY = "_data_"
LOG_COLUMNS = ("originator_id", "originator_version", "topic", "state")
