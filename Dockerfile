# LinkedInBot container image.
#   docker build -t linkedinbot .
#   docker run -d --name linkedinbot -p 8080:8080 -v linkedinbot-data:/data \
#     -e Bot__PublicBaseUrl=https://bot.example.com -e LinkedIn__ClientId=… -e LinkedIn__ClientSecret=… \
#     -e Telegram__BotToken=… linkedinbot
# Secrets come in at run time (-e, --env-file, or an orchestrator's secrets); none is baked into the image.
# docs/operations.md explains backups of /data, upgrades and the health check.
# tests/LinkedInBot.Tests/Configuration/DockerfileTests.cs reads the ENV, VOLUME, EXPOSE and HEALTHCHECK lines
# below and boots the real host with them: keep those lines simple KEY=value / exec forms.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so a code change does not re-download the packages.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/LinkedInBot.Core/LinkedInBot.Core.csproj src/LinkedInBot.Core/
COPY src/LinkedInBot/LinkedInBot.csproj src/LinkedInBot/
# linux-x64 only: a portable publish ships native SQLite and libsodium builds for about 30 platforms (57 MB, 50 of
# them under runtimes/); for one runtime the app folder is 10 MB. On an arm64 host, build with linux-arm64 here and below.
RUN dotnet restore src/LinkedInBot/LinkedInBot.csproj -r linux-x64

COPY src/ src/
RUN dotnet publish src/LinkedInBot -c Release -r linux-x64 --self-contained false --no-restore -o /app/publish /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# HEALTHCHECK needs an HTTP client and the aspnet image ships none. We install curl (one small, well-maintained
# package) rather than add a "--healthcheck" mode to the bot: the probe then exercises the real HTTP path
# (Kestrel → /healthz → SQLite), curl -f turns the 503 of an unreachable database into "unhealthy", and the bot
# keeps a single way of running. Chiseled/distroless bases would need that self-probe instead; we stay on the
# standard image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app/publish ./

# /data holds everything that must survive an upgrade: the SQLite database (with its -wal/-shm files) and the
# Data Protection key ring that encrypts the stored LinkedIn tokens. Back up both together. 700: only the bot's user
# may read them (the bot creates its database files 600 and warns at start-up about a folder open to others).
RUN mkdir -p /data/keys && chown -R app:app /data && chmod 700 /data /data/keys
VOLUME /data

ENV Storage__ConnectionString="Data Source=/data/linkedinbot.db"
ENV Storage__KeysDirectory=/data/keys
# Without Urls the host listens on http://localhost:5080 only, unreachable from outside the container.
ENV Urls=http://+:8080
# A container has no terminal: the console chat would read end-of-input at once and stop the bot.
ENV Console__Enabled=false
# The aspnet image sets ASPNETCORE_HTTP_PORTS=8080; Urls decides instead, and an empty value avoids the host's
# "overriding HTTP_PORTS" warning at every start.
ENV ASPNETCORE_HTTP_PORTS=
EXPOSE 8080

# The aspnet image's non-root user "app" (APP_UID=1654), numeric so runAsNonRoot checks can verify it.
# A host folder bind-mounted over /data must be writable by UID 1654.
USER $APP_UID

# If you change Urls, change the port here too.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "4", "http://127.0.0.1:8080/healthz"]

ENTRYPOINT ["dotnet", "LinkedInBot.dll"]
