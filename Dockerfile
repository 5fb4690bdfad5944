# Tavazon image for docker-compose.yml: Python 3.11, WeasyPrint's system libraries, Debian's
# Chromium (kaleido draws the PDFs' charts in it), static files collected at build time (served by
# WhiteNoise), translations compiled.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CHROMIUM_PATH=/usr/bin/chromium
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core chromium \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Fonts: WeasyPrint reads the vendored Vazirmatn through the PDF CSS's @font-face (font_dir); the
# charts ask for "Vazirmatn" by name, which Chromium finds through fontconfig, so the same files
# are installed as system fonts (Debian bookworm has no fonts-vazirmatn package).
RUN mkdir -p /usr/local/share/fonts/vazirmatn \
    && cp static/vendor/vazirmatn-33.0.3/fonts/*.ttf /usr/local/share/fonts/vazirmatn/ \
    && python -m governance.exports.chromium
RUN python manage.py compiletranslations \
    && DEBUG=False SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only python manage.py collectstatic --noinput
RUN useradd --system --home /app tavazon && mkdir -p /srv/media && chown tavazon /srv/media
USER tavazon
# Chromium keeps its crash and config files under $HOME; /app is not the user's to write.
ENV HOME=/tmp
EXPOSE 8000
