#!/bin/sh
# Installs everything Teller needs to build, run and test on Debian 12 (bookworm).
# Run as root (or through sudo).  Safe to run again.
set -eu

if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  meson ninja-build pkg-config gcc gettext \
  libglib2.0-dev libglib2.0-bin \
  libgtk-4-dev \
  libsoup-3.0-dev \
  libjson-glib-dev \
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev \
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-tools \
  libpoppler-glib-dev \
  libcups2-dev \
  libcairo2-dev libgdk-pixbuf-2.0-dev \
  check \
  desktop-file-utils appstream \
  xvfb xauth dbus-x11 \
  locales fonts-wqy-microhei fonts-dejavu-core hicolor-icon-theme adwaita-icon-theme \
  libclang-rt-14-dev

# The GUI tests also run the window in Chinese.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen
fi
