namespace Orleans.Netflix.EdgeServer.Registration;

/// <summary>The base URL players reach this edge at (configured, or the first address Kestrel listens on once started).</summary>
public sealed class EdgeAddress
{
    public string PublicUrl { get; set; } = "";
}
