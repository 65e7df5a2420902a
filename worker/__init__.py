"""The worker: delivers queued mail and runs the scheduled jobs (`flask --app app worker`)."""
