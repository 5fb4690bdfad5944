# Tavazon image for docker-compose.yml: Python 3.11, WeasyPrint's system libraries, static files
# collected at build time (served by WhiteNoise), translations compiled.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python manage.py compiletranslations \
    && DEBUG=False SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only python manage.py collectstatic --noinput
RUN useradd --system --home /app tavazon && mkdir -p /srv/media && chown tavazon /srv/media
USER tavazon
EXPOSE 8000
