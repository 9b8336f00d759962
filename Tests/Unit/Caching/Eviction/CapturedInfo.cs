namespace RedisAspire.Tests.Unit.Caching.Eviction;

/// <summary>
/// INFO replies captured from a real redis-server 8.0.2 (chroot /opt/redisaspire/servers redis-server --save ''),
/// through redis-cli. "Empty": just started, no limit. "Full": 7 keys without and 3 with a TTL in db0 and 2 in db2, then
/// maxmemory 4mb with allkeys-lru and sixty 100 kB values written, so 44 keys were evicted (the keys with a TTL and db2's
/// among them). "Mixed": after FLUSHALL, 7 keys without and 3 with a TTL plus a hash with one field TTL in db0, and one key
/// with and one without a TTL in db2.
/// </summary>
internal static class CapturedInfo
{
    /// <summary>INFO memory of the empty server: maxmemory 0, noeviction.</summary>
    public static string MemoryEmpty => Wire(
        """
        # Memory
        used_memory:733960
        used_memory_human:716.76K
        used_memory_rss:0
        used_memory_rss_human:0B
        used_memory_peak:733960
        used_memory_peak_human:716.76K
        used_memory_peak_perc:100.03%
        used_memory_overhead:737400
        used_memory_startup:670640
        used_memory_dataset:18446744073709548176
        used_memory_dataset_perc:29132572042723328.00%
        allocator_allocated:1942208
        allocator_active:2113536
        allocator_resident:3637248
        allocator_muzzy:0
        total_system_memory:25276514304
        total_system_memory_human:23.54G
        used_memory_lua:32768
        used_memory_vm_eval:32768
        used_memory_lua_human:32.00K
        used_memory_scripts_eval:0
        number_of_cached_scripts:0
        number_of_functions:0
        number_of_libraries:0
        used_memory_vm_functions:33792
        used_memory_vm_total:66560
        used_memory_vm_total_human:65.00K
        used_memory_functions:200
        used_memory_scripts:200
        used_memory_scripts_human:200B
        maxmemory:0
        maxmemory_human:0B
        maxmemory_policy:noeviction
        allocator_frag_ratio:1.05
        allocator_frag_bytes:78400
        allocator_rss_ratio:1.72
        allocator_rss_bytes:1523712
        rss_overhead_ratio:0.00
        rss_overhead_bytes:-3637248
        mem_fragmentation_ratio:0.00
        mem_fragmentation_bytes:-670784
        mem_not_counted_for_evict:0
        mem_replication_backlog:0
        mem_total_replication_buffers:0
        mem_replica_full_sync_buffer:0
        mem_clients_slaves:0
        mem_clients_normal:0
        mem_cluster_links:0
        mem_aof_buffer:0
        mem_allocator:jemalloc-5.3.0
        mem_overhead_db_hashtable_rehashing:0
        active_defrag_running:0
        lazyfree_pending_objects:0
        lazyfreed_objects:0
        """);

    /// <summary>INFO stats of the empty server: nothing evicted or expired.</summary>
    public static string StatsEmpty => Wire(
        """
        # Stats
        total_connections_received:3
        total_commands_processed:2
        instantaneous_ops_per_sec:0
        total_net_input_bytes:65
        total_net_output_bytes:1519
        total_net_repl_input_bytes:0
        total_net_repl_output_bytes:0
        instantaneous_input_kbps:0.00
        instantaneous_output_kbps:0.00
        instantaneous_input_repl_kbps:0.00
        instantaneous_output_repl_kbps:0.00
        rejected_connections:0
        sync_full:0
        sync_partial_ok:0
        sync_partial_err:0
        expired_subkeys:0
        expired_keys:0
        expired_stale_perc:0.00
        expired_time_cap_reached_count:0
        expire_cycle_cpu_milliseconds:0
        evicted_keys:0
        evicted_clients:0
        evicted_scripts:0
        total_eviction_exceeded_time:0
        current_eviction_exceeded_time:0
        keyspace_hits:0
        keyspace_misses:0
        pubsub_channels:0
        pubsub_patterns:0
        pubsubshard_channels:0
        latest_fork_usec:0
        total_forks:0
        migrate_cached_sockets:0
        slave_expires_tracked_keys:0
        active_defrag_hits:0
        active_defrag_misses:0
        active_defrag_key_hits:0
        active_defrag_key_misses:0
        total_active_defrag_time:0
        current_active_defrag_time:0
        tracking_total_keys:0
        tracking_total_items:0
        tracking_total_prefixes:0
        unexpected_error_replies:0
        total_error_replies:0
        dump_payload_sanitizations:0
        total_reads_processed:5
        total_writes_processed:2
        io_threaded_reads_processed:0
        io_threaded_writes_processed:0
        client_query_buffer_limit_disconnections:0
        client_output_buffer_limit_disconnections:0
        reply_buffer_shrinks:0
        reply_buffer_expands:0
        eventloop_cycles:13
        eventloop_duration_sum:3431
        eventloop_duration_cmd_sum:51
        instantaneous_eventloop_cycles_per_sec:2
        instantaneous_eventloop_duration_usec:48
        acl_access_denied_auth:0
        acl_access_denied_cmd:0
        acl_access_denied_key:0
        acl_access_denied_channel:0
        """);

    /// <summary>INFO keyspace of the empty server: a header and nothing else.</summary>
    public static string KeyspaceEmpty => Wire(
        """
        # Keyspace
        """);

    /// <summary>INFO memory after the evictions: maxmemory 4 MiB, allkeys-lru.</summary>
    public static string MemoryFull => Wire(
        """
        # Memory
        used_memory:4100808
        used_memory_human:3.91M
        used_memory_rss:0
        used_memory_rss_human:0B
        used_memory_peak:4171192
        used_memory_peak_human:3.98M
        used_memory_peak_perc:98.31%
        used_memory_overhead:745112
        used_memory_startup:670640
        used_memory_dataset:3355696
        used_memory_dataset_perc:97.83%
        allocator_allocated:4985264
        allocator_active:5505024
        allocator_resident:7520256
        allocator_muzzy:0
        total_system_memory:25276514304
        total_system_memory_human:23.54G
        used_memory_lua:32768
        used_memory_vm_eval:32768
        used_memory_lua_human:32.00K
        used_memory_scripts_eval:0
        number_of_cached_scripts:0
        number_of_functions:0
        number_of_libraries:0
        used_memory_vm_functions:33792
        used_memory_vm_total:66560
        used_memory_vm_total_human:65.00K
        used_memory_functions:200
        used_memory_scripts:200
        used_memory_scripts_human:200B
        maxmemory:4194304
        maxmemory_human:4.00M
        maxmemory_policy:allkeys-lru
        allocator_frag_ratio:1.06
        allocator_frag_bytes:279376
        allocator_rss_ratio:1.37
        allocator_rss_bytes:2015232
        rss_overhead_ratio:0.00
        rss_overhead_bytes:-7520256
        mem_fragmentation_ratio:0.00
        mem_fragmentation_bytes:-4037656
        mem_not_counted_for_evict:0
        mem_replication_backlog:0
        mem_total_replication_buffers:0
        mem_replica_full_sync_buffer:0
        mem_clients_slaves:0
        mem_clients_normal:0
        mem_cluster_links:0
        mem_aof_buffer:0
        mem_allocator:jemalloc-5.3.0
        mem_overhead_db_hashtable_rehashing:0
        active_defrag_running:0
        lazyfree_pending_objects:0
        lazyfreed_objects:0
        """);

    /// <summary>INFO stats after the evictions: 44 evicted keys, 1 expired.</summary>
    public static string StatsFull => Wire(
        """
        # Stats
        total_connections_received:86
        total_commands_processed:87
        instantaneous_ops_per_sec:34
        total_net_input_bytes:6003175
        total_net_output_bytes:7122
        total_net_repl_input_bytes:0
        total_net_repl_output_bytes:0
        instantaneous_input_kbps:3438.18
        instantaneous_output_kbps:0.17
        instantaneous_input_repl_kbps:0.00
        instantaneous_output_repl_kbps:0.00
        rejected_connections:0
        sync_full:0
        sync_partial_ok:0
        sync_partial_err:0
        expired_subkeys:0
        expired_keys:1
        expired_stale_perc:0.00
        expired_time_cap_reached_count:0
        expire_cycle_cpu_milliseconds:0
        evicted_keys:44
        evicted_clients:0
        evicted_scripts:0
        total_eviction_exceeded_time:0
        current_eviction_exceeded_time:0
        keyspace_hits:0
        keyspace_misses:1
        pubsub_channels:0
        pubsub_patterns:0
        pubsubshard_channels:0
        latest_fork_usec:0
        total_forks:0
        migrate_cached_sockets:0
        slave_expires_tracked_keys:0
        active_defrag_hits:0
        active_defrag_misses:0
        active_defrag_key_hits:0
        active_defrag_key_misses:0
        total_active_defrag_time:0
        current_active_defrag_time:0
        tracking_total_keys:0
        tracking_total_items:0
        tracking_total_prefixes:0
        unexpected_error_replies:0
        total_error_replies:2
        dump_payload_sanitizations:0
        total_reads_processed:233
        total_writes_processed:87
        io_threaded_reads_processed:0
        io_threaded_writes_processed:0
        client_query_buffer_limit_disconnections:0
        client_output_buffer_limit_disconnections:0
        reply_buffer_shrinks:0
        reply_buffer_expands:0
        eventloop_cycles:401
        eventloop_duration_sum:40659
        eventloop_duration_cmd_sum:849
        instantaneous_eventloop_cycles_per_sec:150
        instantaneous_eventloop_duration_usec:127
        acl_access_denied_auth:0
        acl_access_denied_cmd:0
        acl_access_denied_key:0
        acl_access_denied_channel:0
        """);

    /// <summary>INFO keyspace after the evictions: only db0 is left, with no key that has a TTL.</summary>
    public static string KeyspaceFull => Wire(
        """
        # Keyspace
        db0:keys=28,expires=0,avg_ttl=0,subexpiry=0
        """);

    /// <summary>INFO keyspace with two databases and keys with and without a TTL.</summary>
    public static string KeyspaceMixed => Wire(
        """
        # Keyspace
        db0:keys=11,expires=3,avg_ttl=3599984,subexpiry=1
        db2:keys=2,expires=1,avg_ttl=0,subexpiry=0
        """);

    /// <summary>Redis ends every INFO line with CRLF; the texts above are kept with this file's line endings.</summary>
    private static string Wire(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}
