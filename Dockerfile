# One image for web (gunicorn), worker and beat (celery); docker-compose.yml runs all three.
FROM python:3.11-slim

# PYTHONPATH: the source tree, not the installed copy, is imported, because templates/ and
# static/ sit beside it.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    PORT=8000

# A writable home of its own: gunicorn keeps its control socket under ~/.gunicorn; /app stays
# read-only to the user the processes run as.
RUN groupadd --system --gid 10001 tambook \
    && useradd --system --uid 10001 --gid tambook --create-home --home-dir /home/tambook \
       --shell /usr/sbin/nologin tambook

WORKDIR /app
COPY . .
RUN pip install . \
    && rm -rf build *.egg-info

# Static files are baked into the image and served by whitenoise. Settings refuse DEBUG=False
# without a real secret, so the build uses a throwaway one that never reaches runtime.
RUN DEBUG=False \
    SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0000 \
    python -W ignore manage.py collectstatic --noinput

# Uploaded import files (a named volume in compose) must be writable by the app user.
RUN mkdir -p /srv/media && chown tambook:tambook /srv/media

USER tambook
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn config.wsgi --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips '*'"]
