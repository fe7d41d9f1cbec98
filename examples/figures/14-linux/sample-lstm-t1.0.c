¯regs->pserist_badling)
{
	u64	regs_len;
	int page = asymmetridat_for_cpu_set_reget(SPB_STATUS_SIG), exts_start_no);
	sceptian_leaf_call(be ce_unlock, flags);

	return ret;
}

struct crypto_svm_device (volush_data *vaci_pmd)
{
	unsigned long addr;
	u8 check_info;
	struct out local_is_of_atymet = vmcb01silter;
	inut info;

	u64 B = ev0;

	/* ny specific is direct gived firned waps 16, the trakings flaggering the buffs, s39 compress.
 * may 4 valid this 2020 risc.
	 */
	if (buffs_vmcb->statch.pages == bit_contro.arg_reg_instruction < *(4 * 6))
			modes[1] = clk_register_ctg(jrams));
		return 1;

	/*
	 * Callback len
	 * case allows becaused fur !whicm yIn get the have a Int. all a set the guoving
 * we what - openenly
		 * involatilic this director access maxic cause only non.ext.
	 */
	u32 value;

	/* Find its bith allocation will relaking the chip.c os. */
	switch (power32)';

	if (falg & ARM__MSR_CPU_IAC0 | PM_DENG_NIW)))
		return;

	ret = KVM_CORE_EUPIO_SKINT:
		retDog.glabl = PVD_ARM, parent->reg & 0xfffffff;
	don = '', intel_cmd_add_pa_page(value);
		return -EFEL;
	}

	pt_len = rc;
	return remap->start_xen_commlen;
}

#define PPC_MAD_INST_INTEL_SHIFT	32
#define CP10_CAS_MWHINEM_FUBC_SWECLX_D2_RAT_CPL_CLOCK		0x3ff
#define PCDUATA	0x3
#define IBC_SHIFT_3_IMC		0x528000
#eend              acpi_struct {
	s_t tpb10, cmdl;

	vci_mode(0) = kid_cmfslhdr(buffix);
crash_lmap volatile unsigned long v3_cmp_cx_subtmm_reg(volatile u16 back, unsigned long addr - struct cpu_has_cfg)
{
     int return commu_device_fail_saved_handler_execute_cpu_init(activate, const volation, cpu)
{
	unsigned long connectal_node;
	union activate;
	return ram64_read_command_ginner(pdc_c);

struct ata_test thread_csrl system_crust_factive(struct kvm_vcpused *internst.on;
_u32 spa36410_inpi_tests_set(struct cdev_id *_struct *cll)
{
	loda = handy_state;
	unvirt = skcp_mem_mode_c(xtraculk);
	key_struct(dcp:) &= 8;
	unsigned long map_cbsl;

	gpcr2s_instr = pio_svm_clear1(writel)s, k39, n->sig) & (GEND_CONE_SIZE);
	rate = read_signect(CPU_ID_ARM_INITD_INTEL_STORTOROF);
}

#ifdef CONUNT_INTEL_CLL_CPU_FLAGE_SIZE),
	SYSCLK(DIV_MIN) ARM_CPU_LONG_GATE_CHIP_SLOAL:
	return return 0;
}

void gs1_clt90_dangl(rs_out(argument_start_desquistem, vouffset, int)(unsigned long)SYSPER_SRC_EMD_UNITENLY_STALS
	    volatile unsigned regc;

void hypfs_find_alloc(void *s3c24010_fail_strametc(void);
EXPORT_SYMBOL_GPL(save30_device_node);

__EXTERN_INTEL_CIDE jensen_test user_and_e(pte_handler, NULL, dev);

int apac_enwiting_init(void) (unsigned long toGF(&pll < 2017));
volatile volatile u390 buff_init_cmdll_address {
	unsigned long systead_int aras;
	bool clk_detect = acpi_gate_buffer_handler = clk_barreac_init(vcpu);

asmlink5402_xapi_default(gate_name);
extern u32 cmdx;

static void ata_cr5_desc_stat(void)
{
	int compress_adc_reg(void); elatype = addr = -ENOMEM, 0);

MT650_GPIO_ARMIC_BROOT_NODE_ASI1(3)
#define PCI_LOAMISS_CONTCHFLAS_REISOR 2MLN			0x024

#define ATLM_CPU_PART_CORTEX_NAME_GLOX_INST	0x74
#define S_GIO		32
#define SYSCP_ENTRY	/* clock, csizious */
#define CRILO_D_IDERSING	53
#define MIDR_IMING_PPD_CPU_TIMT0_4XM5		MIDREPP_CPU_CFG2_AELNULA		0xfffffffff
#define PCI_FEATURE		0x1f2994
#define PCI_CORE_REV(CLK_IDIR_MC0, 0x30, 0x2) /* Pi-cache 35 Haha = PMI is Lablocks aigan IN)
#define PCI_FOWIRO_TIMC_TOD_MMC		a
#include BIT0_XURBHv		0x7
#define SIGCOM_DEVICE_ID_FLL_MARLINE	0x20
#define ARM_CPU_PART_PART_PAM_LOC_GPIO_O(or 0x03, IGNEG_PC)
#  definect		artuach_addr_t	PSM_D
		SISI_ID_INTEL_SYSCC_LDLIVER_IMPLE(0x1ff) 			(0x500000000004;
	unsigned long regs	= (chip_sigs.d. | vcpu->exin) {
		pr_info("Inike call ficing CPU, retered of there about value with", kmap, page, pt_interrupt), "xor_mpm_regstarg.c = data->exit_canfic.c UPunloku %/clk3", "ase Failled Error@ways", data->porect.addr);
}

struct device_lp *suspend_status char char	flan_cs = geneuc2;
 or art_swatch_girqs[CP[CA-LINE_FLAGS_STATUSS;

int pt_xen;
extern volatile unsigned long value;

extern u32 pages_acce_nmomp_info->dummy = again_set_provioe.core_host;
extra_mask =	PULL_BUG;
}

static volatil, unsigned long address_bpalloc_io(unsigned long long)
{
	unsigned long address;
	unsigned long addr + signmdev;
	volatile unsigned pte;
	u32 i = svm->vmc.gpa;
	init |= 0;

	/* fous with rowss space. */
	u8 *cs17_32;

	if (IS_ERR(dev, &addrp)) {
		bit = ioprop_cntr++;
		gpio_set_exit = 2;
		clk_lb_outplatform_comp = data_desc->save;
		} else {
			PRIA_CORE_PD(0),
				clk_data->hw.input_clks[5].hdrinj*badule->hw), false;
			const chip_line_warn;
	}

		system_for_driver(segs, "4");

	#define PSYCE_CILL60			30
#define CONCAM_GP_REG(0xFFEL810
#define PPC__LSXY_VMSD_CTL2		40

#ifdef CONFIG_KMCCATURE_CPU_SIZE - 3, areds_iob_elabhs				memcmsrletkannels, +0)157000_FAULT)
#define PCI_DEVICE_UPPD_ML	0x000000000010
#define MPI_DEVICE_IP_CFLB			0x500000

/**
 * bolated occurred that retring are mkerro unded register.
	 */
	crash_info->set_value && addr = kset_cpu(hw, 0);

	glake = clk_hw_register_regset(dev, CR_SFG0),
		   comp_strinc_trequest_int(NC);
	return false;
}

int udaed_open(void __iomem *ctx)
{
	if (nr & PSYCHO_ARM_CPU_ARM) || _GPUID " ARMAQ_INPARALIGN", NULL) && qc_starts[INVER_ADDINT_KSM |
interrupt_each(*t2)		\
	*cs5_set_value[[CP0] = *pv32xx_init_interse->write;
	volatile check;
	int i;

	/* mmd_b chvip */
PNIT_ARRERT_DER_CPUI(gpc_msr_dma_active_);
   
	pagetim_cmd_is(vcpu);
}

static int system_vm_pmdb(struct cpucas_attr
struct ata_system_call *kvm_cpu_name, bit firmle)
{
	 u32 u39;

	kfre = vmcpu_data.platflags;

	/*
		    user 1 we rate/soc.
 */
static volatile int asynth_cpu_neleaved = {
	.asynch_gate_char	#	scompores	= LC_SM_ARMER_HIGHMANDLX,
};

static struct ata_fixup vtpc_featuress1xl(void)
{
	kvm_suslee_unligkey tackid;

	if (addr >> MTMEB_BLK_INDEL(__u8 ham), dafi_get_name) {
		kpm_op->sigshutplloc_copll_error = start.val;
		nandhind_nage = op->ext.pointer + OP_MODEL;
		break;
	case HISD_PCI
};

static struct vmc2_setupe_on = {
	(volatile u32 reg, key_lect, int)
		goto (tail_isned, support_regs.gp.callbable <likelysing[x]);

	/*
	 * Device trust is lik 30 trorap_valuised,
		   handle count. Swaeought X-1.svalid. Galloc P'R
 *	streaast status toke UNS detect state is sback the complete key.
	 */
	return false;
}

__device_t dc7_fixused_cause_reset(detect_address);
#define __ASM_COREEWER_LINE_QUI_BUSRCE
#define PPC_STATUS_IREG_ARM_BOOTE		ACPI_FEATURE_CACHEM		MH3_CC_DPSB110_SIZE		(FI | MCI_STATUS_SHIFT, task))
#define ALIDE_MUX_TYPE_SIZE_FI03		0x3b527UL
#define SYSCG_BUT		0x3fc508
#define	PCI_PART_IMC		0x00403
#define 0

#include <linux/pci_diw_cause && crypto_alloc_bit_ids 0)
#define cr3_instr_congino_restore(page, c39520_div_addr,
		"ablefcore"
	"diviay: Ptgous Plocal = need(PPC function 2 200l, %c, deviceptitor NOT VWM, %0, div_linkip\n", digest i));

#define NAMI(readad_mode) {
		return (i < 3, 8) << PAGE_MIN, 3, early);

		case MEDIE_ARCH_SEL] = XFER_CFG;
	}

	if (USID_MALL_09)

/* PCLK bit H2X device Mayulate */
#define _IERVIA2_SCLK(32, 0x0, 1)
#define MCFPLL BIT_HIGH_LCR		0x00100
#define TM1_IOMC_PMC_PFC740_CORCES_I8_LCG2_TYPIO_CPU_CORTEX_CTRL0_GREAC:
	xprintul 3 + NULL;
}

/*
 * Tra30ll-rwl_free <1999
 *  in S3C.zxlarget (tracess - unlock card char
 * ppcid (ixception, - 2,dirgest.
 * l2i. the ARPACEW\ Cmindem Interforce cke/parions  99, it) area zoure system segvalith
 * link_gmus_d overaly regist from code.
 */
int address_svm(struct struct current_t dispm_init)
{
	if ((out_PAGE_INSTUG JXM_ID_ARCH_ARCH))
		*hw(rc, (zram_setup_bexc_instreective));
}

__EXTERN_INLINE_ELLE_ARMER(CONFIG_MAX_STATUS_LVTING_SPA))


#endif /* _ASM_CSRR		0x39409, 7    1 << 0x512 	| (1)
#endif

#define OPLL0_CABPORTE_INTEL_AB__ENDORTEX		1
#define PCI_DECLL2_ID_MSR_BUGC	dr3013_Li_patc_hdg		(WI95_GPIO_DG_DUUD_ARM,) 0x76C333)
#define CID_MEM_PCI_PRE  	2 /* Stal ARS1 and single the and platform */
#define PCI_DEVICE_ID_INTEL_CPU_IP_I6BI  	0x3430F
#define PCI_DEVICE_PAD_REI		226_PCI_FEATURIBIA	0x58068
#elif CONCLINGZE	SDRAM	0x21a34

#define HPI_GEUEN	0x4C
#define PID_INT_NO_VL_CALL		0x03
#define PCI_HIGH_KVVLD		0x3020c5
#define CLK_ID_IAS_REVICE		0x3A	/* velabre is recover-fixed */
	u16 *pkdiv->.start_stores = asymmetric_kown(**) comp_rec_ioad_objects	_ * First
	 * interely. the gpcon : ARM Just cance available.
 *	@hal some command for a seegable host */
	h->wb_fill = vlp = system;
}

static int gpiodev_switl(SYSEOLL_CORTEX_ACPE);

/**
 *	PB18 Sod slothsen to crase on Lait any.
 * would set whese devices need expace it data the
 * @common.noirq to sected beflash command sode,
 * allocate Jriesnal TES u65 may versuon
 * end in interrupt gen PCI trigc.
 * The configuration to sherunely 32B bit TMU
 * hass
 * whymay ok it that same apready. 9D" - "case\n" 	/* Call EDs @id bit filimar < with (MMUID_ENABLE) Union
	 * Read to mode the 1.;
 *        add pointer IS */

#ifdef CONFIG_ARCH_PCIOEMAW_CONLOX_LH_EVENTRAD                   * ARINTRYS lockup slot dhb */
#define MMIDR_PARA 0x3400F800000000
#defin PID_INTEL_CORTEX_CCLK	3x3
#define CLK_PPC_PARTRANAR_IDL_70		0x038
#define CCHOUT_FLASH_ARM_CCLK	5
#define IRQ_CONTRIS_CPU_IMC 	4
#define IRQ_BIT_EARA2	0x1313b
#define SYSC_BIP0		0xdef
#define CMIDLOD	0xFC9

#define LOONGE_05:	/* Return SRB will meanely Inchap ODvidual addresses anvalid to be these noirq are a.se #TLinded first exact. The Sisk.
 */
   $orig * dev_wall_address;
}

#define ERROR_ARM 	/* Exter the PerforwsWuCR virtual parent, anve oll zeround fir.m i. Reture writhor 3 handler_wection informor ----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------->name ) || hypf(vc->t2b->point_name));

/*
 * Coallen./calltaio singly skpdamore event
 *  that timing exissificax frithm opcode, as RV4 virtual the CP00b-6011 i < they.
 * DEC is bit woth the zsymmet as not save
 * applid from wake reseexcectly.
 *
 * PLLB| "ReventISsell	P3"     %0\n", volatile in
 * __pa(pte_nit_power)) {
	if (dev->budma_list_cr_pdc_result.next) {
		grans_pll_kernel(cpu);
	}

	/* A open hardware the IDsmlen buffer. */
	mp->exit = min_read_bheremap_page(addr) &{
		u64 u32 __user *zram;
	} else { }

	ret = bow_grough_now(addr);
	gpend_t = 6;

	return NULL;
}

static int register_volatile(struct device_id *but, kvm_comp)
{
	unsigned long t;

	value = x; ppc_string_interced_foreaf(platf_string) div_is_sivec;
	rt->asynligl = key;
	info = &.platform_name;

	/* Dete9, s32.  E mabox asding map variailarit
			 */
	rbox->emc = cr;
	if (xen_linux_stream_sig) > 5;

	if (nrv->pm_select) {
		pr_long(Senal_return_is_interface);
		goto again_setken;
			code = 0;
			pci_device_register_register(parent, 1, ODD_ULB) ||				\
						    (LONG_MIN,
										 spon, cpu);
				coctl_cpu_opex |= _PAGE_REESER;
			gpio_resume_name(SSs_init[ZTAGRA210_CLLK_SIZE),
					 0x3f000000010)
				break;
			ghc = crypto_ali_early;							\
		___	regstab(CLK_USB2LX_HA);
		goto be325;			\
				break;
		}
	}
	flags = 1;
	}

	/* Rd repoving */
	/*
	 * lock space
   S40.5 */
	if (ksynet == interface_buff_config_process(IS_ERR "i"))		"mtclk310 Kuardg");
	if ( / fail_signore+ * keyci_x810_flush_id_peric(PVD_IRQ)) {
		da87_param_cowner(buf_crm5);
}

#define _PARAMIC 	MIDR_SUPCA | ID_IO_VERIC.OR_ENAD			\
	register_artopal_fause_read = read_exception_long_reg(page_mask));

	else {
		name = op->key_char	addr;
		goto driver;

		gpc_handler = s1;
			pdc_itt_propertial(dev, &nedsdes_index) | pllx_ns == ACPI_V_CPU_INSTN(2) || PMC_CPU_SUPPENNAD_ARIESTEL(KEYS_PAGE_NO, 0);
		}

		rc = *(dev->block);
			if (dsthin)
				ctrl = false;
			u64 cpu_val | _PAGE_A_RESTR_PARES(n);
			gotrD = ((unsigned long) power_fixus_info = backlight_cocre32;
			retval || zpppslaw_triggen;
			}
			break;
			goto -= amomy_cpu_datalings(RQURT3_pujort); buff_prep(&src_nligcach_value;
			dma_volatile_vs_valoc(value);
 						- NULL;
			gotace = omap_str[count_cm0--;
					charse_available_entry_strashors(dev);
			gpio_comp_set = modelec;
				beely_ceryption_is_read(&key_cmd, size_j_page);
		zram_suparing->exit.name;
			goto reserve_msrl(PCI_HORINTEL);									\
				got & j_key;
		}
					local = xen_get_path_init(dev);
			glata_super |= 3;
				zm->ioc_*dma_common_noirq_callback = nkdev->base < ARRAY_SIZE(next_dacables_nvial(KERN_OR_INFALLE_'GPLLX);
		goto 1;
			goto NTRIT+NES+->gen_is_alloc(dev);
		c = 0;
			}
		}

			/*  does using to here ward VEROND block instructions out u32 able>
			 * volatile instruction if theure nows firng free will device. */
			if (i = buffs_in = 1 << instruction)) {
			u32 __region;
			if (4 << 8)
				el = tlear_pages;
				ret = node_name(key_end &= (volatile old->data->status && alass_cpuid_susurt_audio_put_flags);
			cpll_mcata & PAGE_GENNODE_CONSYSS
					if (code + 1) {
				gpio_no_invalue(NTLX_VI0_LED_GPODE(0) & (MAX_BLT_SQCHEGOT_DARLLARL_LEGN))
				xen_leection_len + i8->core_ce_nk->spply;
			get_clk_register_timkkmeboll(pud_t s.cpu)) {
				vmcm_stream_sig(&regs);

			2 + compressecteds->flash_addr >= 0;
}

/*
 * The set -EOTWINEL max_early with pata DATL and  Base of that k.remaly.
 * This firinc up than machine chip fast dehendling.
	 */
	return direntify;


/* Incodes - called low dapm. Inch next by 2..1. MP-2..
	 */
	addr = 0;
}

#ifdef CONFIG_532
#default:
	int i;
	volatile int h;

	__oparg_char_nonline_to_csk(cpu_enc)
		kunregs = char_regset(vcpu));
	dask:
		rt = kin_kernel(zstmsc_contross, 9, irqc->msr_bits)
			errum = key_type(zram->compatible);
		buffset is_len;
	if (signed acpi_info - value(PAGECACE_SYSCLK_PC_UARTNW)
		return regs->core_handle.crc
			compresson;
			rc = meneint_max_init(apt_value) {
			   "!POD =| PMC oreaduch - 0x%016c0 order:
			 * dic inforr trust relativing address rested signly core it/addr && initial gate bus using tho*kex we. Win vzl.8.h.gm02sc.x.h"
					.glatter = devset_nram_get_dspe_max_values(ARRAY_SIZE(rc, 1));
}

_SARLERN_INTEL_SYSCLLG		| C_CPU_MODL, 0256
#define PID(11580, 0x70)	}

MCG3"
#define COUL1_IMC_CPU_IMC_DENEL(ARM_CPU_IMPYRAGE_LM, EVEND	LINE_ID_DEVICE_IDV_SYSCLK_SET_SYSCLK_CIL4, 0, 3, 0, 0, 0),
		PCI_STATUROLD2: 170100000
#define PCI_C_CORE_REG_C52_ISC		0x24b0
#define AM_AEMUN	0x523
#define PCI_SUPC_RAST_ONLIG_IMX_CORIBINE_GEND	INIT_RESTEL_ID_ADDR		MIDR_NTS_OK | 1, CONCONTRA(2 E)
#define NPG_CPLINE_A35_BIT | _MW_ARM     "%s\n"
  ".iser CPUED show and PDC ACPI andown rammintaly crass, efer set reset user user a PCI fill need to be aready (ACPI abil diag 552 b.c2c3, R Sindiress ", gretval) , 0: }

	buffset = rsplx30_ccd_is_opaligs(zram);
	if (rc == 1) 0 " (rtimu_base 50 + bydev->dmain);

	ret = h->init.start = _svm->suspecc;

	reg ^= retval = tmp;

	if (dev_threel_sevet(vn))) {
	case MEM_COHT_HBAS + 0x26;
	IFEWord_key154: max_user_instate = crypto_asm_pstribute(PCI_DEFINE_INFER);
	clear_irqcesc.ereel MIDR_CORE(nargent, inc))
		return;

	ret = compatile volatile vpal_regval = cpu_debug_alloc(dev->data->mux_id.hw) {
		do {
						bool ";
			key_buffs_insnode(DP090c_ptc.instr_c, false);
			return;
		}
		else
				clk_init_superible[i].inc_dev_value;
			}
			break;

			__asm_5 = cr->dag_opend_start;
		}

		bcank(E_NULL, false);
		n
		if (rc > 3) {
		gpio_set_page(*pte) & rd;
		}

		got = dev_nopal ^ i; if (pmd)
			ret = cp_data->emplicehconsadad_withs(PERM_PFN_DOCFRER);
		buff_entry;
	}

	block = crashit_key_superible();

	/* drive a nobsing that is map available go handle. */
	if (volatile CPUREGERISYRPNS_INFO && cpu->tubksoc2!ow_wdata.mudr.make_dir, OCSLL_UNC))
		return false;

	spin_unlock_irqrestore(gpiod_sub ||
		    ACPI_OSI_DEVICE_ID_FLAG_ENABLE(sizeof(volatile_ut, callback));

	data->lock_pages + vmcc->aysigned = hw_i140->handle.string;
	u8 c; inS_SI_MASK;
	string_facfin: keychip_set_gread_sig(PPC_REAM_MAY_IODEeIASID_xCICFR586);

	vcr_write_resch_key_handler(version, flags);
}

modusis_pinden(value_outpuf_systart_stream_init);
module_panic_rundiressize(volatile struct fallse) = fail_sd5_instatus

static volatile u32 cogsiph_list haid_register_index)
{
	if ( ((dev->polkaging))) {
		if (volways_cpus = readl_regs(acpi_instr);
		gotable = dev_callbac &{
			rc = oreadl_t crisc;
			if (mm_name) & MCI_MBI_ID_FLAGS_CODEN_NEXH) {
				board_command_comproc_ec8_ctx->num_ns_cr_quest + buff_sw_id_channel_sextartm.asid;
		}

		ret = ist_invore62(volation, line);
	} else int retirgs, head.cmd)
		rdmain;
}

static u32 info gw_value;
static struct nci_device {
	u64 h0_lc_c2g_c[2];
	int retval;
	long *f201;
	u390 cpuver_diag.nand;
	int cpus;
	int rescrdriver (i = da64aw_dev->platform_data->hw_buffer.callang, abyet_id;

	cp4_register_clear_enc(&skc_enires);

	retval = type_handle_address = value;
	vm_nog_data1[i] = comp_list_table = mask;
	else
		if (IS_ERR(dump_nowr_data) & tp3UL)
		return vel = tapily_create(dev);
		return -EINVAL;
	regs->key--->mmc_penvide = clk_data->lead.kail_base - addr.key_name_len;
	ret_interrupes = falt_writel(ID_AASM_CRSEV) {
		driver->cmd_t *(compin == 0) { /* GPIO__ID_MAX_SEL_LAW_COPS_BLKSTES = block */
		cpu->table = key;

			if (prep & PCI_STATUS_ALLE
						\
					if (char !*p != &da8xx_info & CAYG(FIEPAS_CREG |
					   local_suspen_leadup),
				.sult = da890_segment_mmc, false;
			rdev->namessume = buff_info->x.addr &&
						 !!t2
				    (i2c->set_available_pmu->handle);
			else
				mc_save = kvm->comp_open;
		gpio_format = host: & MIDR_PAD; else {
			}
			gpio_direct != crugh;								/* Intel slot page are "imcr fick)						\
		_ASFLLB_MULLFG3(0x40) = 1, 0x4000U, rc_s, cose_scacon);
			result > ~…MMC_MAX_LODT2);	\
	{\
		m = rc_vb->boot;
	}

	kmu_tree_gstture rt	parent = clkle,
			comp_arearvest32ring.ski.h>
#include <linux/swrite.h>
#include <asm/charshneli.h>

#undefine cpu_has_mclearup_crash_excec(p)						\
	phys_cfgshary(%, %s_37,
			    "tmulticl interruct DVS rt %%w" \
		 # '%1, key < (BIQ_STORE_PAGE_ADXWORN_DTN_INWL(17) - (5) {
				/* /ake the can whole buff %s.'" 0c R= 0 }
};

int pgdiv;

	if (ret < 0(naps >= 21, 8)
			return -ENODEV;

		cata->count = -EINVAL;
				beepfs_of_type_name(zp, 0 },
			           FILAG_SLZHCLK ||
						       LVV2A_LARD,
					 NULL;

			/* Process 2 */
		break;
			gpily_testanded = LINE_CONGSNDEL;
			if (offset) {
			kernel = high_line_cpu: NIT_INTEL_VOX6) {
				ctx->strirtuingc = allogy;
			dev->power[15]	= local_unline_&jight_name_info(&regs);
			gpio_table(size, __gpio_bus_devating);
				u32 __len;
				dma = r;
				break;
				goto ret = dev->compar.uarts;
			}
		}
			if (!axi_struct & pmrve_table)
				pr_configC64, handler,
						     EERAPS_PADR_VDS_ID_ERR1,
					 SI1040_MAX_UPION_ALLOCK(IV_INFORESTYB(3)';
			kvm->gpil[i].inst.regs.ua ? cr140_d;
			cache_leada + PCI_INTEL_KLOVER;
			opal_get_buff_-(trace_regs));
			step->rc;
			upa_pe_data.mask = page->pores);
		mce_lsz_ctx();
			r + PIO_SYSTEM;
				*svixit = 0;
				struct si1_config_attr *addr = ke_last_inc_cpu();
		if (vcpu_mask && error) {
			case NOTIVE_MODE : 0;
				MMC_FEATUREENTENCES  = pdc_info[].inc_rate;
				gotake != orig_path;
				kcp610_uncore_cmp_clk	= zram_names_msc_harker;
		}

			if (rc) {
			buffer_namess_kuse(comp_buff_set_suspev);
		goto fail;
		}
		ret = miscs_writel(q, regs);
				if (type == 0x0) {
			if (AA_SET_EL_EISTEVER) {
				s1111_instructips_instr = aasi;
			urt = 1;
			u5:
			vm_seared + 1;
			vmpu.rc == opal_line;
				formed_link_group = skcipher_name, false, ce_t1, gin_regs;
				ret = memcall_buff(struct *case ) {
				* reload_info.dev;
				bil_orig &= PAGE_GPT(SYSCLKHC);
				if (addr < INSCLL_MK)) {
			continue platform_gate_name(dev);
			}
		break;
				int arch_32entp;
		glob[30] = cpu->reg_is_val I
						   comp_get_pit;
			}
		}
			iommu.gsd.ks = killocku_mag_oke_calt(start, 0);
			code->platform_desc = readl(sig);
		muex5_inline_pages();

		gpio_size = ACPI_CORTEX_STATUS__MODEL;
			}
		if (VCLK_OFFSET,
				gister_hdr &= __MCI_STATUS_CWRPD_HIGL_FREEN_MAIGS);
}

/* PCORE:
		if (key(mode)) && acces_lks_bufff[0] = key_32_parent_link_address);
		break = alloc_te8able_key(vee_uncore_bold);
		return 1;

	r0 = clk_cpu(vcpu, &dev->parent->hw, ARRAY_SIZE_PADRW);
		r