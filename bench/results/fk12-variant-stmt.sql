-- The five hot foreign keys as statement-level checks over the statement's new rows (one set-based query each,
-- the referenced rows locked FOR KEY SHARE as the FK's per-row check locks them). Insert side only: a bench variant.
create function fk_stmt_check() returns trigger language plpgsql as $$
declare
  col text := tg_argv[0]; ref text := tg_argv[1];
  wanted int; locked int;
begin
  execute format('select count(distinct %1$I) from new_rows where %1$I is not null', col) into wanted;
  if wanted = 0 then return null; end if;
  execute format('select count(*) from (select 1 from %2$I r where r.id in (select %1$I from new_rows) for key share of r) l', col, ref) into locked;
  if locked < wanted then
    raise exception 'insert on %: % points at no % row', tg_table_name, col, ref using errcode = '23503';
  end if;
  return null;
end $$;
alter table messages drop constraint messages_conversation_id_conversations_id_fk;
alter table outbox drop constraint outbox_conversation_id_conversations_id_fk;
alter table outbox drop constraint outbox_message_id_messages_id_fk;
alter table timers drop constraint timers_conversation_id_conversations_id_fk;
alter table payment_links drop constraint payment_links_debt_id_debts_id_fk;
create trigger messages_conv_fk after insert on messages referencing new table as new_rows for each statement execute function fk_stmt_check('conversation_id', 'conversations');
create trigger outbox_conv_fk after insert on outbox referencing new table as new_rows for each statement execute function fk_stmt_check('conversation_id', 'conversations');
create trigger outbox_msg_fk after insert on outbox referencing new table as new_rows for each statement execute function fk_stmt_check('message_id', 'messages');
create trigger timers_conv_fk after insert on timers referencing new table as new_rows for each statement execute function fk_stmt_check('conversation_id', 'conversations');
create trigger links_debt_fk after insert on payment_links referencing new table as new_rows for each statement execute function fk_stmt_check('debt_id', 'debts');
