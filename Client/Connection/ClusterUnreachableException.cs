namespace Orleans.Netflix.Client.Connection;

/// <summary>The client could not reach any silo of the region; the message says where it looked.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
