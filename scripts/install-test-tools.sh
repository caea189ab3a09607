#!/bin/sh
# Installs the system tools the test suite uses, idempotently:
# poppler-utils (pdfsig, pdftoppm, pdftotext), SoftHSM + OpenSC (PKCS#11 token),
# NSS tools (certutil, for pdfsig's trust store) and bpmnlint (npm) are required;
# the PostgreSQL server (the runner tests start a throwaway cluster) is installed when
# possible, and its tests are skipped when it is not.
set -e
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_install() {
    $SUDO apt-get install -y -q "$@" >/dev/null 2>&1 || {
        $SUDO apt-get update -q >/dev/null
        $SUDO apt-get install -y -q "$@" >/dev/null
    }
}

need=""
command -v pdfsig >/dev/null 2>&1 || need="$need poppler-utils"
command -v softhsm2-util >/dev/null 2>&1 || need="$need softhsm2"
command -v pkcs11-tool >/dev/null 2>&1 || need="$need opensc"
command -v certutil >/dev/null 2>&1 || need="$need libnss3-tools"
[ -z "$need" ] || apt_install $need

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql || echo "PostgreSQL could not be installed; its tests will be skipped" >&2
fi

if [ -f package.json ] && [ ! -x node_modules/.bin/bpmnlint ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
