#!/usr/bin/env bash
# Start or stop a single-node SLURM cluster on this machine, for tests.
#   single-node.sh start DIR   install (when root and missing), configure in DIR, start daemons
#   single-node.sh stop DIR    stop the daemons started by 'start'
#   single-node.sh env DIR     print the SLURM_CONF export for this cluster
# Needs root (munged and slurmd run as root here). Debian 12 packages:
# slurm-wlm and munge.
set -euo pipefail
cmd=${1:?usage: single-node.sh start|stop|env DIR}
dir=$(realpath -m "${2:?usage: single-node.sh start|stop|env DIR}")
conf=$dir/slurm.conf

stop() {
	for d in slurmd slurmctld munged; do
		if [ -f "$dir/$d.pid" ]; then
			pid=$(cat "$dir/$d.pid")
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			rm -f "$dir/$d.pid"
		fi
	done
}

case $cmd in
env)
	echo "export SLURM_CONF=$conf"
	exit 0
	;;
stop)
	stop
	exit 0
	;;
start) ;;
*)
	echo "single-node.sh: unknown command $cmd" >&2
	exit 2
	;;
esac

if [ "$(id -u)" != 0 ]; then
	echo "single-node.sh: needs root (munged and slurmd run as root)" >&2
	exit 1
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
mkdir -p "$dir"/{state,spool,log,munge}
stop

# munge: a key, a socket in DIR, started with --force (root-owned paths).
key=$dir/munge/munge.key
[ -f "$key" ] || head -c 1024 /dev/urandom >"$key"
chmod 400 "$key"
sock=$dir/munge/munge.socket
munged --force --key-file="$key" --socket="$sock" --pid-file="$dir/munged.pid" \
	--log-file="$dir/log/munged.log" --seed-file="$dir/munge/munge.seed"

host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {printf "%d", $2/1024*0.8}' /proc/meminfo)
cat >"$conf" <<CONF
ClusterName=verifytest
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.log
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=6917
SlurmdPort=6918
ReturnToService=2
MaxArraySize=10001
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld
slurmd
for _ in $(seq 100); do
	if sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
		echo "single-node SLURM cluster up: SLURM_CONF=$conf"
		exit 0
	fi
	sleep 0.2
done
echo "single-node.sh: the node did not become idle; logs in $dir/log" >&2
sinfo >&2 || true
exit 1
