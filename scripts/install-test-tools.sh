#!/bin/sh
# Installs the system tools the test suite uses, idempotently:
# poppler-utils (pdfsig, pdftoppm, pdftotext), SoftHSM + OpenSC (PKCS#11 token),
# NSS tools (certutil, for pdfsig's trust store), the PostgreSQL server (the runner tests
# start a throwaway cluster) and bpmnlint (npm).
set -e
need=""
command -v pdfsig >/dev/null 2>&1 || need="$need poppler-utils"
command -v softhsm2-util >/dev/null 2>&1 || need="$need softhsm2"
command -v pkcs11-tool >/dev/null 2>&1 || need="$need opensc"
command -v certutil >/dev/null 2>&1 || need="$need libnss3-tools"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$need postgresql"
if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get install -y -q $need >/dev/null 2>&1 || {
        $SUDO apt-get update -q >/dev/null
        $SUDO apt-get install -y -q $need >/dev/null
    }
fi
if [ -f package.json ] && [ ! -x node_modules/.bin/bpmnlint ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
