-- Crime register: the public status check looks a report up by its number
-- (docs/api.md "Public", a KUSP number with the reporter's receipt code).
CREATE INDEX crime_records_number ON crime_records(number);
