"""Product batches: what was used at each attended appointment, and the recalls that reach back to it.

The practitioner records each product's name, manufacturer, batch or lot number and expiry for an
attended booking; an admin enters a recall of a batch, and every booking that used it is found (batch
numbers compared normalised) and its patient and practitioner are emailed once through the outbox.
"""
