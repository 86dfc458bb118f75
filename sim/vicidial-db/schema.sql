-- The VICIdial tables the wallboard's database source reads (lib/sources/vicidial-db), for the
-- test MariaDB and the simulated VICIdial database of the demo.
--
-- Columns, types, defaults, keys and engines follow VICIdial 2.14's
-- extras/MySQL_AST_CREATE_tables.sql (db_schema_version 1728, SVN trunk 2025) and the
-- extras/upgrade_*.sql files for the version notes. Only the columns the wallboard reads or
-- the simulator (sim/vicidial-db/dialer.ts) writes are reproduced; a real VICIdial table has
-- many more (vicidial_campaigns ~400, vicidial_users ~180), which the queries never touch.
--
-- Facts the queries depend on:
-- * vicidial_hopper and vicidial_auto_calls are created MyISAM and then converted with
--   ALTER TABLE ... ENGINE=MEMORY at the end of the create script (and by upgrade_2.4.sql):
--   they are empty after every database restart until the dialer refills them.
-- * Everything else is MyISAM: table-level locks, no transactions. A long write anywhere
--   (or LOCK TABLES) blocks readers, which is why the source has a statement timeout.
-- * VICIdial's own inserts rely on a non-strict sql_mode (e.g. vicidial.php inserts
--   lead_id='' into the INT UNSIGNED NOT NULL column at login).
-- * DATETIME columns hold the local time of the server that wrote them (web server for the
--   agent screen, telephony server for the AGI scripts); TIMESTAMP columns are set by the
--   database itself.

-- One row per campaign AND per in-group (keyed by group_id, hence VARCHAR(20) while a
-- campaign id is VARCHAR(8)). Writers: bin/AST_VDadapt.pl (today/hour/... counters and drop
-- percentages, about once a minute; in-groups from vicidial_closer_log), bin/AST_VDauto_dial.pl
-- (differential_onemin, agents_average_onemin), bin/AST_VDhopper.pl (dialable_leads).
CREATE TABLE vicidial_campaign_stats (
campaign_id VARCHAR(20) PRIMARY KEY NOT NULL,
update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
dialable_leads INT(9) UNSIGNED default '0',
calls_today INT(9) UNSIGNED default '0',
answers_today INT(9) UNSIGNED default '0',
-- DECIMAL since 2.12 (upgrade_2.12.sql; INT(9) before): the UK Ofcom calculation subtracts
-- the estimated answering machines from the drops.
drops_today DECIMAL(12,3) default '0',
-- Text, sprintf("%.2f") by AST_VDadapt.pl, left at '0' while there are no drops.
drops_today_pct VARCHAR(6) default '0',
drops_answers_today_pct VARCHAR(6) default '0',
differential_onemin VARCHAR(20) default '0',
agents_average_onemin VARCHAR(20) default '0',
balance_trunk_fill SMALLINT(5) UNSIGNED default '0',
status_category_1 VARCHAR(20),
status_category_count_1 INT(9) UNSIGNED default '0',
status_category_2 VARCHAR(20),
status_category_count_2 INT(9) UNSIGNED default '0',
status_category_3 VARCHAR(20),
status_category_count_3 INT(9) UNSIGNED default '0',
status_category_4 VARCHAR(20),
status_category_count_4 INT(9) UNSIGNED default '0',
-- In-groups (2.0.5+): answered calls whose queue time was within the in-group's
-- answer_sec_pct_rt_stat_one / _two seconds (a count, not a percentage).
hold_sec_stat_one MEDIUMINT(8) UNSIGNED default '0',
hold_sec_stat_two MEDIUMINT(8) UNSIGNED default '0',
agent_non_pause_sec MEDIUMINT(8) UNSIGNED default '0',
hold_sec_answer_calls MEDIUMINT(8) UNSIGNED default '0',
hold_sec_drop_calls MEDIUMINT(8) UNSIGNED default '0',
hold_sec_queue_calls MEDIUMINT(8) UNSIGNED default '0',
-- 2.4+ (upgrade_2.4.sql)
agent_calls_today INT(9) UNSIGNED default '0',
agent_wait_today BIGINT(14) UNSIGNED default '0',
agent_custtalk_today BIGINT(14) UNSIGNED default '0',
agent_acw_today BIGINT(14) UNSIGNED default '0',
agent_pause_today BIGINT(14) UNSIGNED default '0',
-- 2.12+ (upgrade_2.12.sql)
answering_machines_today INT(9) UNSIGNED default '0',
agenthandled_today INT(9) UNSIGNED default '0'
) ENGINE=MyISAM;

CREATE TABLE vicidial_campaigns (
campaign_id VARCHAR(8) PRIMARY KEY NOT NULL,
campaign_name VARCHAR(40),
active ENUM('Y','N'),
-- The minimum hopper size (AST_VDhopper.pl keeps at least this many leads queued).
hopper_level INT(8) UNSIGNED default '1',
-- Text: '0' (manual), a chosen level such as '2.5', or what AST_VDadapt.pl writes for
-- ADAPT_* methods (sprintf "%.3f", or an unformatted product after tapering that a
-- non-strict server truncates to 6 characters).
auto_dial_level VARCHAR(6) default '0',
-- SHARED_* since 2.14 (upgrade_2.14.sql).
dial_method ENUM('MANUAL','RATIO','ADAPT_HARD_LIMIT','ADAPT_TAPERED','ADAPT_AVERAGE','INBOUND_MAN','SHARED_RATIO','SHARED_ADAPT_HARD_LIMIT','SHARED_ADAPT_TAPERED','SHARED_ADAPT_AVERAGE') default 'MANUAL',
-- The in-groups the campaign's agents may take, " GROUP1 GROUP2 -".
closer_campaigns TEXT,
campaign_allow_inbound ENUM('Y','N') default 'N',
agent_pause_codes_active ENUM('Y','N','FORCE') default 'N',
-- The drop % limit of the adaptive methods; the report shows the drop % red at or above it.
adaptive_dropped_percentage VARCHAR(4) default '3',
adaptive_maximum_level VARCHAR(6) default '3.0',
-- 2.4+; upgrade_2.4.sql added use_auto_hopper with default 'N', the 2.14 create script has 'Y'.
use_auto_hopper ENUM('Y','N') default 'Y',
auto_hopper_level MEDIUMINT(8) UNSIGNED default '0',
drop_call_seconds TINYINT(3) default '5',
dial_timeout TINYINT UNSIGNED default '60',
queue_priority TINYINT(2) default '50',
-- 2.12+ (upgrade_2.12.sql)
ofcom_uk_drop_calc ENUM('Y','N') default 'N'
) ENGINE=MyISAM;

-- Leads queued to be dialled. AST_VDhopper.pl inserts READY rows (about once a minute);
-- AST_VDauto_dial.pl marks the ones it takes QUEUE, then INCALL, then deletes them once the
-- call is placed; a manual dial from the hopper deletes its lead.
CREATE TABLE vicidial_hopper (
hopper_id INT(9) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL,
lead_id INT(9) UNSIGNED NOT NULL,
campaign_id VARCHAR(8),
status ENUM('READY','QUEUE','INCALL','DONE','HOLD','DNC','RHOLD','RQUEUE') default 'READY',
user VARCHAR(20),
list_id BIGINT(14) UNSIGNED NOT NULL,
gmt_offset_now DECIMAL(4,2) DEFAULT '0.00',
state VARCHAR(2) default '',
alt_dial VARCHAR(6) default 'NONE',
priority TINYINT(2) default '0',
source VARCHAR(1) default '',
vendor_lead_code VARCHAR(20) default '',
index (lead_id)
) ENGINE=MEMORY;

-- Calls being placed and calls waiting for or connected to an agent. Lifecycle read from
-- AST_VDauto_dial.pl and agi-VDAD_ALL_outbound.agi / agi-VDAD_ALL_inbound.agi:
-- outbound auto-dial: INSERT 'SENT' (OUT) -> 'LIVE' when answered -> 'XFER' when sent to
-- an agent -> DELETE at hang-up (or on drop / no answer); nothing in 2.14 writes 'RINGING';
-- manual dial (vdc_db_query.php): INSERT 'XFER' with empty uniqueid/channel until answered;
-- inbound: INSERT 'LIVE' (IN, campaign_id = the in-group, its queue_priority) -> 'CLOSER'
-- when an agent takes it -> DELETE.
CREATE TABLE vicidial_auto_calls (
auto_call_id INT(9) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL,
server_ip VARCHAR(15) NOT NULL,
campaign_id VARCHAR(20),
status ENUM('SENT','RINGING','LIVE','XFER','PAUSED','CLOSER','BUSY','DISCONNECT','IVR') default 'PAUSED',
lead_id INT(9) UNSIGNED NOT NULL,
uniqueid VARCHAR(20),
callerid VARCHAR(20),
channel VARCHAR(100),
phone_code VARCHAR(10),
phone_number VARCHAR(18),
call_time DATETIME,
call_type ENUM('IN','OUT','OUTBALANCE') default 'OUT',
stage VARCHAR(20) default 'START',
last_update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
-- 2.0.5+ (upgrade_2.0.5.sql)
queue_priority TINYINT(2) default '0',
agent_only VARCHAR(20) default '',
index (uniqueid),
index (callerid),
index (call_time),
index (last_update_time)
) ENGINE=MEMORY;

-- One row per logged-in agent screen. status is only READY, QUEUE, INCALL, PAUSED, CLOSER or
-- MQUEUE: the report derives DISPO (READY/PAUSED with a lead), DEAD (INCALL whose callerid
-- is gone from vicidial_auto_calls), DIAL, 3-WAY, PARK and RING.
CREATE TABLE vicidial_live_agents (
live_agent_id INT(9) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL,
user VARCHAR(20),
server_ip VARCHAR(15) NOT NULL,
conf_exten VARCHAR(20),
extension VARCHAR(100),
status ENUM('READY','QUEUE','INCALL','PAUSED','CLOSER','MQUEUE') default 'PAUSED',
lead_id INT(9) UNSIGNED NOT NULL,
campaign_id VARCHAR(8),
uniqueid VARCHAR(20),
callerid VARCHAR(20),
channel VARCHAR(100),
random_id INT(8) UNSIGNED,
last_call_time DATETIME,
-- Touched by the agent screen about every second: a stale value means a closed browser.
last_update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
last_call_finish DATETIME,
-- The in-groups this agent takes, " GROUP1 GROUP2 -".
closer_campaigns TEXT,
user_level TINYINT(3) UNSIGNED default '0',
-- AUTO, INBOUND, MANUAL (or EMAIL, CHAT) while on a call; '' otherwise.
comments VARCHAR(20),
calls_today SMALLINT(5) UNSIGNED default '0',
-- 2.2.0+ (upgrade_2.2.0.sql)
agent_log_id INT(9) UNSIGNED default '0',
last_state_change DATETIME,
outbound_autodial ENUM('Y','N') default 'N',
-- 2.4+ (upgrade_2.4.sql)
on_hook_agent ENUM('Y','N') default 'N',
ring_callerid VARCHAR(20) default '',
-- 2.8+ (upgrade_2.8.sql). 'LOGIN' at login of an auto-dial campaign, the chosen code after
-- PauseCodeSubmit, '' again when the agent goes READY or takes a call.
pause_code VARCHAR(6) default '',
index (random_id),
index (last_call_time),
index (last_update_time),
index (last_call_finish)
) ENGINE=MyISAM;
CREATE INDEX vlali on vicidial_live_agents (lead_id);
CREATE INDEX vlaus on vicidial_live_agents (user);

-- One row per pause/wait/talk/dispo cycle of an agent (a new agent_log_id at login, after
-- each disposition, and when a pause code is chosen in the middle of a pause). sub_status is
-- the pause code ('LOGIN' for the pause that starts a login), the only place it is kept
-- before 2.8.
CREATE TABLE vicidial_agent_log (
agent_log_id INT(9) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL,
user VARCHAR(20),
server_ip VARCHAR(15) NOT NULL,
event_time DATETIME,
lead_id INT(9) UNSIGNED,
campaign_id VARCHAR(8),
pause_epoch INT(10) UNSIGNED,
pause_sec SMALLINT(5) UNSIGNED default '0',
wait_epoch INT(10) UNSIGNED,
wait_sec SMALLINT(5) UNSIGNED default '0',
talk_epoch INT(10) UNSIGNED,
talk_sec SMALLINT(5) UNSIGNED default '0',
dispo_epoch INT(10) UNSIGNED,
dispo_sec SMALLINT(5) UNSIGNED default '0',
status VARCHAR(6),
user_group VARCHAR(20),
comments VARCHAR(20),
sub_status VARCHAR(6),
dead_epoch INT(10) UNSIGNED,
dead_sec SMALLINT(5) UNSIGNED default '0',
-- 2.8+ (upgrade_2.8.sql)
pause_type ENUM('UNDEFINED','SYSTEM','AGENT','API','ADMIN') default 'UNDEFINED',
index (lead_id),
index (user),
index (event_time)
) ENGINE=MyISAM;
CREATE INDEX time_user on vicidial_agent_log (event_time,user);

CREATE TABLE vicidial_inbound_groups (
group_id VARCHAR(20) PRIMARY KEY NOT NULL,
group_name VARCHAR(30),
-- An HTML colour name or #RRGGBB; the report paints the in-group's waiting calls with it.
group_color VARCHAR(20),
active ENUM('Y','N'),
drop_call_seconds SMALLINT(4) unsigned default '360',
-- Copied into vicidial_auto_calls.queue_priority when a call enters the in-group.
queue_priority TINYINT(2) default '0',
-- 2.0.5+: the two service-level thresholds (seconds) behind hold_sec_stat_one/_two.
answer_sec_pct_rt_stat_one SMALLINT(5) UNSIGNED default '20',
answer_sec_pct_rt_stat_two SMALLINT(5) UNSIGNED default '30'
) ENGINE=MyISAM;

-- The wallboard may read user, full_name and user_hide_realtime only (column grants):
-- pass holds the plain password unless password hashing is enabled.
CREATE TABLE vicidial_users (
user_id INT(9) UNSIGNED AUTO_INCREMENT PRIMARY KEY NOT NULL,
user VARCHAR(20) NOT NULL,
pass VARCHAR(100) NOT NULL,
full_name VARCHAR(50),
user_level TINYINT(3) UNSIGNED default '1',
user_group VARCHAR(20),
active ENUM('Y','N') default 'Y',
-- 2.12+ (upgrade_2.12.sql): '1' hides the user from the real-time report.
user_hide_realtime ENUM('1','0') default '0'
) ENGINE=MyISAM;
CREATE UNIQUE INDEX user ON vicidial_users (user);
