#!/usr/bin/env bash
# make run: create the demo database if there is none, then serve it.
set -euo pipefail
bin=$1; db=$2; listen=$3
logins="${db}.logins.txt"
if [ ! -f "$db" ]; then
  echo "Creating demo database $db (deterministic seed; clearly marked demo data)…"
  "$bin" init --db "sqlite:$db" >/dev/null
  "$bin" demo --db "sqlite:$db" > "$logins"
fi
echo
echo "Sabt on http://$listen — demo logins (username, password, role, department, TOTP secret):"
cat "$logins" 2>/dev/null || echo "  (logins file $logins missing; create users with: $bin user add --help)"
echo "Admin, head, prosecutor and auditor need a code from an authenticator app: add the otpauth:// URI"
echo "printed beside the password (most apps take it pasted, or as a QR code: qrencode -t ansiutf8 'URI')."
echo
exec "$bin" serve --db "sqlite:$db" --listen "$listen"
