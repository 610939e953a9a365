--! include helpers/upgrade-seen.lua
--! include helpers/fold-seen.lua
--! include helpers/record-page.lua
return recordPage(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], '0', ARGV[4], ARGV[5], ARGV[6], ARGV[7],
  tonumber(ARGV[8]), ARGV[9], tonumber(ARGV[10]))
