-- How far each device's own clock was from the server's at its last contact (device minus
-- server, milliseconds): the township sees tablets whose clock is wrong.
ALTER TABLE devices ADD COLUMN clock_skew_ms INTEGER;
