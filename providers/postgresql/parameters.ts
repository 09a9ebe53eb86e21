/**
 * PostgreSQL parameters CloudNativePG owns. Its webhook rejects a Cluster that
 * sets them, so we refuse them up front with a message naming the parameter.
 */

const FIXED = new Set([
  'allow_alter_system', 'archive_cleanup_command', 'archive_command', 'archive_mode', 'archive_library', 'cluster_name',
  'config_file', 'data_directory', 'hba_file', 'hot_standby', 'ident_file', 'listen_addresses', 'log_destination',
  'log_directory', 'log_file_mode', 'log_filename', 'log_rotation_age', 'log_rotation_size', 'log_truncate_on_rotation',
  'logging_collector', 'port', 'primary_conninfo', 'primary_slot_name', 'promote_trigger_file', 'restore_command',
  'shared_preload_libraries', 'unix_socket_directories', 'unix_socket_group', 'unix_socket_permissions',
])

const FIXED_PREFIXES = ['recovery_target', 'ssl']

export function isFixedParameter(name: string): boolean {
  return FIXED.has(name) || FIXED_PREFIXES.some((prefix) => name.startsWith(prefix))
}
