# The MCP server as a container image: Streamable HTTP on port 8080, as the image's non-root user 'app'.
# Build: docker build -t dryapi-mcp .    Run: docker run --rm -p 8080:8080 dryapi-mcp    (see README, "Docker")
# No secret is baked in: API keys arrive per request, OAuth sealing keys through the environment at run time.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The platform being built (amd64, arm64), set by BuildKit; builders that do not set it get amd64.
ARG TARGETARCH
WORKDIR /src

# Restore first, from the files restore reads, so this layer is reused until a project or a package version changes.
# The ReadyToRun property makes restore fetch the Crossgen2 and runtime packs that publish needs.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/DryApi.Client/DryApi.Client.csproj src/DryApi.Client/
COPY src/DryApi.Simulator/DryApi.Simulator.csproj src/DryApi.Simulator/
COPY src/DryApi.Mcp/DryApi.Mcp.csproj src/DryApi.Mcp/
RUN dotnet restore src/DryApi.Mcp --arch "${TARGETARCH:-amd64}" -p:PublishReadyToRun=true

COPY . .
RUN dotnet publish src/DryApi.Mcp --no-restore --disable-build-servers -c Release --arch "${TARGETARCH:-amd64}" --self-contained false \
      -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# appsettings.json listens on loopback only; in a container the server listens on every interface, port 8080.
# The empty HTTP_PORTS keeps the official image's default (8080) from being reported as overridden by Urls.
ENV Urls=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "DryApi.Mcp.dll"]
