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
# The official images' convention: every interface, port 8080 (the aspnet image sets it too; it is stated here so the
# image's port does not depend on the base). -e ASPNETCORE_HTTP_PORTS=<port> or -e ASPNETCORE_URLS=<urls> moves it.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "DryApi.Mcp.dll"]
