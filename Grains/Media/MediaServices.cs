using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Netflix.Grains.Media;

public static class MediaServices
{
    /// <summary>The media pipeline's services, with options bound from the "Netflix:Ingest" configuration sections.</summary>
    public static IServiceCollection AddNetflixMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section));
        services.AddOptions<EncodingOptions>().Bind(configuration.GetSection(EncodingOptions.Section));
        services.AddOptions<Pictures.TrickPlayOptions>().Bind(configuration.GetSection(Pictures.TrickPlayOptions.Section));
        services.AddOptions<SourceValidationOptions>().Bind(configuration.GetSection(SourceValidationOptions.Section));
        services.AddSingleton<SourceValidator>();
        services.AddSingleton<ChunkEncoder>();
        services.AddSingleton<HlsPackager>();
        services.AddSingleton<FfmpegSlots>();
        services.AddSingleton<ChunkFrameDecoder>();
        services.AddSingleton<SharedChunkFrames>();
        services.AddSingleton<ChunkEncodes>();
        services.AddSingleton<ChunkDecodeChecks>();
        services.AddSingleton<ChunkWorker>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
