using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Netflix.Grains.Media;

public static class MediaServices
{
    /// <summary>The media pipeline's services, with options bound from the "Netflix:Ingest" configuration sections.</summary>
    public static IServiceCollection AddNetflixMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section))
            .PostConfigure(o =>
            {
                // Absolute from the start: a relative root such as "-work" would reach ffmpeg looking like an option.
                o.WorkRoot = Absolute(o.WorkRoot);
                o.OriginRoot = Absolute(o.OriginRoot);
                o.LogRoot = Absolute(o.LogRoot);
            })
            .ValidateOnStart();
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
        // What the ingest job hands each stage to (see IngestJobGrain).
        services.AddSingleton<SourceAdmission>();
        services.AddSingleton<ChunkDispatch>();
        services.AddSingleton<Pictures.IngestPictures>();
        services.AddSingleton<TitlePackaging>();
        services.AddSingleton<TitlePublishing>();
        services.AddSingleton<IngestWorkspace>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestRootsValidation>();
        return services;
    }

    private static string Absolute(string root) => MediaPaths.UnusableRoot(root) is null ? Path.GetFullPath(root) : root;

    /// <summary>The first root that cannot be used (checked when the silo starts), as one line naming its setting, or null.</summary>
    public static string? RootProblem(IngestOptions options) =>
        new[] { ("WorkRoot", options.WorkRoot), ("OriginRoot", options.OriginRoot), ("LogRoot", options.LogRoot) }
            .Select(r => MediaPaths.UnusableRoot(r.Item2) is { } why ? $"{IngestOptions.Section}:{r.Item1} '{r.Item2}': {why}" : null)
            .FirstOrDefault(p => p is not null);

    private sealed class IngestRootsValidation : IValidateOptions<IngestOptions>
    {
        public ValidateOptionsResult Validate(string? name, IngestOptions options) =>
            RootProblem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
