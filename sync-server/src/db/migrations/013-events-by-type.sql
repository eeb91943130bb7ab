-- The monthly report (一月一通报) reads one kind of event over a time range, e.g. the completions of a month.
CREATE INDEX events_type_time ON events(type, recorded_at);
