"""Which background tasks the worker takes first.

`db_worker` takes the highest priority first. A mail someone is waiting for (a referral's notice during an
operation, an invitation, a password reset) must not wait behind the thousands of index updates a bulk import
or a demo load queues, each of which waits up to a second for Elasticsearch's refresh. Every other task runs
at the default priority (0).
"""

PERSON_WAITING = 10
